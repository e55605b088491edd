// Subcommands of the closing module (see command.h).
#include "plumectl/command.h"

namespace plume::cli {

void registerClosingCommands(Registry &) {}

} // namespace plume::cli
