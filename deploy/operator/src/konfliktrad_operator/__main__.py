from konfliktrad_operator.cli import main

main()
