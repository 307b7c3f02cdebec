"""Bulk import of intakes from a CSV file, for desks moving over from Excel or a partner's export.

One module per step, in the order the import takes them:
- bestand.py: reading the file (encoding, separator, header) -> BestandOnleesbaar
- cellen.py: reading one cell (dates, yes/no, choices by code or label)
- rijen.py: checking one row with the intake's domain rules (clients/intakeregels.py, the same
  rules the forms use) -> Rij or Fout per cell
- dubbelen.py: the duplicate rule against the loket's clients and the file's earlier rows
- schrijven.py: writing numbers, clients, intakes and their history with COPY
- invoer.py: the import as a whole, in one transaction (importeer_intakes, importeer_bestand)
"""
