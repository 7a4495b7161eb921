from orglint.cli import main

main()
