"""eventcoder: sourced, dated PLOVER event records from political news."""
