import DRGCommandLine

DRGCommand.main()
