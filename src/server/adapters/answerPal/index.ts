export { answerPal, type AnswerPalOptions } from './answerPal';
