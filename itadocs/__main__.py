"""python -m itadocs"""

from .cli import main

main()
