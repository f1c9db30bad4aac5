import DRGCommandLine
DRGCommand.main()
