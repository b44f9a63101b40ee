"""What an analyst reads: charts now, briefs built on them."""
