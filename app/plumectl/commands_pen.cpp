// Subcommands of the pen module (see command.h).
#include "plumectl/command.h"

namespace plume::cli {

void registerPenCommands(Registry &) {}

} // namespace plume::cli
