from handoff.console.app import main

main()
