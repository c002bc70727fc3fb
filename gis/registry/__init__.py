"""The registry's operations: communes, villages, points, issuing, print-batch records, merges and
reorganisations."""
