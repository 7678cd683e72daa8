"""Care plans: the plan form, how a plan reads on the chart, the review dialog, templates in Admin, batch printing."""
