"""What the reports app tells the rest of the project, without importing it (the api app listens).

Both are sent inside the transaction that makes them true; a receiver that acts outside the
database does so on commit.
"""

from django.dispatch import Signal

# Sent (with `published`, a PublishedResults) when a survey's results are published.
results_published = Signal()
# Sent (with `job`, a ReportJob) when a report's PDF is stored and the job succeeded.
report_ready = Signal()
