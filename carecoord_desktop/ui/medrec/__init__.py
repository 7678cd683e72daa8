"""The medication reconciliation screen, its dialogs and the chart's Reconciliations page."""
