"""Monitoring reports (informes de monitoreo): their content, charts and files, as a pure library.

`content.report_content` gathers what a report says (the dashboards' own figures and attention list,
narrowed to the report's target); `pdf.write_pdf` and `xlsx.write_xlsx` write it; `svg` draws its charts.
Nothing here saves a model or checks who may download a file: the reports' service and views do that.
"""
