import sys

from annexa.cli import main

sys.exit(main())
