"""Reports: the province report (model, HTML, .docx), figures, rendered notebooks and the offline site."""
