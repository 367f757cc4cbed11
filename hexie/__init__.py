"""和谐同行看板: the package behind the dashboard."""
