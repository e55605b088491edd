// Subcommands of the forms module (see command.h).
#include "plumectl/command.h"

namespace plume::cli {

void registerFormsCommands(Registry &) {}

} // namespace plume::cli
