from diplograph.cli import main

main(obj={})
