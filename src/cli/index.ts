import { Command, CommanderError } from 'commander';
import { registerAuthCommands } from './commands/auth.ts';
import { registerDeploymentCommands } from './commands/deployments.ts';
import { registerEvidenceCommands } from './commands/evidence.ts';
import { registerItemCommands } from './commands/items.ts';
import { registerSystemCommands } from './commands/system.ts';
import { registerTemplateCommands } from './commands/templates.ts';
import { registerVerifyCommand } from './commands/verify.ts';
import { registerReconcileCommand } from './commands/reconcile.ts';
import { registerCheckCommands } from './commands/checks.ts';
import { registerImportCommands } from './commands/import.ts';
import { CliError, EXIT } from './errors.ts';
import { ignoreClosedPipes, reportError } from './output.ts';

/** The golive command: program wiring only; each group lives in commands/. */
const program = new Command('golive')
  .description('Golive: the enterprise deployment checklist as a running system')
  .option('--server <url>', 'Golive server URL (env GOLIVE_SERVER; default: the saved login, else http://127.0.0.1:3000)')
  .option('--token <token>', 'API token (env GOLIVE_TOKEN; default: the saved login)')
  .option('--json', 'print results (and errors, on stderr) as JSON')
  .configureHelp({ showGlobalOptions: true, sortSubcommands: false })
  .showHelpAfterError(false)
  // Usage errors are reported by reportError below, as one line or JSON; exit codes are ours.
  .configureOutput({ outputError: () => {} })
  .exitOverride()
  .addHelpText('after', '\nExit codes: 0 success, 1 a check failed, 2 usage or input error, 3 server unreachable or failing.');

registerSystemCommands(program);
registerAuthCommands(program);
registerDeploymentCommands(program);
registerItemCommands(program);
registerEvidenceCommands(program);
registerTemplateCommands(program);
registerVerifyCommand(program);
registerReconcileCommand(program);
registerCheckCommands(program);
registerImportCommands(program);

/** `golive items set`, from the words of the command line that name (sub)commands. */
function commandPath(args: string[]): string {
  const names = ['golive'];
  let cmd: Command = program;
  for (const arg of args) {
    const sub = cmd.commands.find((c) => c.name() === arg || c.aliases().includes(arg));
    if (!sub) continue;
    names.push(sub.name());
    cmd = sub;
  }
  return names.join(' ');
}

const wantsJson = () => Boolean(program.opts().json) || process.argv.includes('--json');

ignoreClosedPipes();
try {
  await program.parseAsync(process.argv);
} catch (err) {
  if (err instanceof CommanderError) {
    // --help exits 0; a group named without its subcommand has printed its help and is a usage error.
    if (err.exitCode === 0) process.exitCode = 0;
    else if (err.code === 'commander.help') process.exitCode = EXIT.usage;
    else process.exitCode = reportError(new CliError(err.message.replace(/^error: /, ''), EXIT.usage, { code: 'usage', hint: `See \`${commandPath(process.argv.slice(2))} --help\`.` }), wantsJson());
  } else {
    process.exitCode = reportError(err, wantsJson());
  }
  // A failed command may leave handles open (a half-started server's database, say); the
  // error is printed (stderr is synchronous on Linux pipes, files and terminals), so leave now.
  process.exit();
}
