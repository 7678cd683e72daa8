import sys

from carecoord_desktop.cli import main

sys.exit(main())
