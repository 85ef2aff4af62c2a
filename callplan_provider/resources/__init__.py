"""The five Pulumi resource kinds and the reconciler they share."""
