"""专题清单 page: its tabs (duties, inspections, regulations, counts, timetable) and their dialogs."""
