"""The Referrals area: the worklist, a referral dialog that moves it through its states, new referrals."""
