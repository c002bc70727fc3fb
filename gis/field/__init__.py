"""Field work: accounts and sign-in, volunteers' confirmations, problem reports and review."""
