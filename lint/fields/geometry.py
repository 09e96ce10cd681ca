"""Page-geometry tolerances of field reading, in PDF points (1/72 inch), named in one place.

Each is the slack the finders allow when they ask "is this text beside, below or in the same
column as that label?".  They were chosen on the development invoices and hold for the usual
9-12 pt invoice type; a change here moves what many finders read, so measure it with
``benchmarks/field_accuracy.py`` before and after.
"""
from __future__ import annotations

# a segment that starts where another ends (or up to this much left of it) is to its right
TOUCHING = 1.0
# two lines whose left edges differ by less than this are in one column (a value under its label)
SAME_COLUMN = 20.0
# ... the wider column of a party block ("Kunden-Nr." under "Rechnungsempfänger")
PARTY_BLOCK_COLUMN = 30.0
# a value more than this right of a party heading is the other party's column
PARTY_VALUE_GAP = 40.0
# a heading printed more than this right of the label's line is a separate column heading
SEPARATE_HEADING = 20.0
# words under a label may start this much left of it (right-aligned figures, indented cells)
BELOW_LEFT_SLACK = 25.0
# a figure under a column header may overhang the header's ends by this much
HEADER_OVERHANG = 5.0
# a line shorter than this is treated as this tall when measuring the gap to the line below
MIN_LINE_HEIGHT = 8.0
# an items table ends at a vertical gap larger than this after its last item
TABLE_END_GAP = 60.0
# a description line at most this far below an item continues it
CONTINUATION_GAP = 25.0
# the letterhead is in the top part of page one
LETTERHEAD_SHARE = 0.3
# the page height assumed when a page does not say (A4)
A4_HEIGHT = 842.0
# a line set this many times larger than the body text's median size is a heading
HEADING_SIZE = 1.2
# labels of one concept on neighbouring rows whose left edges are this close are one block's rows
SAME_BLOCK_COLUMN = 60.0
# the rest of a figure wrapped onto the next line of its cell ends this close to the figure's end
WRAP_ALIGN = 3.0
