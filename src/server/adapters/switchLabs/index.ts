export { switchLabs, type SwitchLabsOptions, type SwitchLabsWarning } from './switchLabs';
