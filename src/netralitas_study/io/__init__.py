"""Reading inputs and writing outputs: workbooks, CSV files and data folders read within limits; safe CSV and never-lose-work folders."""
