/**
 * English for the ticket actions (mark as solved, reopen, rating). Apart from
 * `en` because only gateways that offer them show them: the code that does
 * loads these with it. Refusals stay in `en`: any error notice may word them.
 */
export const enActions = {
  actionSolve: 'Mark as solved',
  actionSolveTitle: 'Mark this ticket as solved?',
  actionSolveConsequence: 'Support will treat your request as done and stop working on it.',
  actionReopen: 'Reopen',
  actionReopenTitle: 'Reopen this ticket?',
  actionReopenConsequence: 'The ticket goes back to support as open, and they will pick it up again.',
  actionWorking: 'Updating…',
  actionSolved: 'Ticket marked as solved.',
  actionReopened: 'Ticket reopened.',
  rateTitle: 'How did we do?',
  rateLegend: 'Rate the help you got',
  rateThumbsUp: 'Good',
  rateThumbsDown: 'Not good',
  rateValue: '{value} of {max}',
  rateComment: 'Anything to add? (optional)',
  rateSubmit: 'Send rating',
  rateSending: 'Sending…',
  rateChoose: 'Choose a rating first.',
  rateThanks: 'Thanks for your feedback!',
  rateGivenUp: 'You said the help was good.',
  rateGivenDown: 'You said the help was not good.',
  rateGivenScale: 'You rated this {value} out of {max}.',
} satisfies Record<string, string>;
