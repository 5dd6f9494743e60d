import { type Logger as PinoLogger, pino } from 'pino';

/** Structured JSON logs on stderr; secrets are redacted by path wherever they might appear. */
export function createLogger(options: { level: string; destination?: number }): PinoLogger {
  return pino(
    {
      level: options.level,
      base: { service: 'consultantos', pid: process.pid },
      redact: {
        paths: [
          'apiKey',
          '*.apiKey',
          'authorization',
          '*.authorization',
          'req.headers.authorization',
          'req.headers["x-api-key"]',
          'req.headers.cookie',
          'headers.authorization',
          'headers["x-api-key"]',
          'password',
          '*.password',
          'config.database.url',
          'config.models.openaiCompatibleApiKey',
        ],
        censor: '[redacted]',
      },
    },
    pino.destination({ dest: options.destination ?? 2, sync: true }),
  );
}
