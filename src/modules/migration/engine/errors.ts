/**
 * Input the engine cannot use (a wrong mapping, a binary or empty file, an over-long line, a
 * wrong encoding, an unreachable target): the CLI prints the message and exits 2, the product
 * shows it on the run. Never thrown after a batch was half written — batches are transactions.
 */
export class MigrationInputError extends Error {
  constructor(
    readonly code: 'bad_mapping' | 'bad_file' | 'empty_file' | 'line_too_long' | 'bad_encoding' | 'target_unavailable' | 'target_mismatch' | 'resume_mismatch' | 'bad_option',
    message: string,
  ) {
    super(message);
    this.name = 'MigrationInputError';
  }
}
