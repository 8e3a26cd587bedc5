import type { ErrorSendResult } from "@fastify/send";
import { AppError, badRequest, notFound } from "../../platform/errors.js";

/**
 * @fastify/send's refusals as the API's JSON errors: send answers them with an HTML page, which no
 * client of a JSON API (nor the OpenAPI document) expects.
 */
export function fileRefusal(sent: ErrorSendResult): Error {
  switch (sent.statusCode) {
    case 412:
      return new AppError(412, "precondition_failed", "If-Match or If-Unmodified-Since does not hold for this file");
    case 416:
      return new AppError(416, "range_not_satisfiable", "The requested range lies outside the file", {
        "content-range": sent.headers["Content-Range"] ?? "bytes */0",
      });
    case 400:
      return badRequest("file: not a valid file name");
    case 403: // a name send will not serve (a dotfile) reads as missing, like any other
    case 404:
      return notFound("Recording");
    default:
      return sent.metadata.error;
  }
}
