import sys

from carecoord_desktop.__main__ import main

sys.exit(main())
