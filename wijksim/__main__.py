from wijksim.entry import console_main

console_main()
