from linimasa.cli import main

main()
