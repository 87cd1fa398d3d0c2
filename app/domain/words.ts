/** Words as GOV.UK Frontend's character count counts them: runs of non-space characters. */
export function countWords(text: string): number {
  const matches = text.match(/\S+/g);
  return matches ? matches.length : 0;
}
