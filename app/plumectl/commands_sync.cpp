// Subcommands of the sync module (see command.h).
#include "plumectl/command.h"

namespace plume::cli {

void registerSyncCommands(Registry &) {}

} // namespace plume::cli
