import sys

from bot.web.server import main

if __name__ == "__main__":
    sys.exit(main())
