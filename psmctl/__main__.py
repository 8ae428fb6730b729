from psmctl.cli import main

main()
