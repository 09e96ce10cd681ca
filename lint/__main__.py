import sys

from invoice_lint.cli import main

sys.exit(main())
