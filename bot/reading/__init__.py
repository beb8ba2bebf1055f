"""Reading questions: from what people type to a query."""
