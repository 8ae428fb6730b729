"""The yearly monitoring cycle (issue 10): dated rounds, checks, assessment, roll-ups, diff, report."""
