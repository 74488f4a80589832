import sys

from bot.review.server import main

if __name__ == "__main__":
    sys.exit(main())
