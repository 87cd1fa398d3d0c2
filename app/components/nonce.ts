import { createContext, useContext } from "react";

// The Content-Security-Policy nonce for this response. Provided by entry.server around the whole
// app, so the document template has it even when no loader ran (a URL that matches no route).
export const NonceContext = createContext<string | undefined>(undefined);

export function useNonce(): string | undefined {
  return useContext(NonceContext);
}
