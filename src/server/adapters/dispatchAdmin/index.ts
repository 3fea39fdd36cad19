export { dispatchAdmin, type DispatchAdminOptions } from './dispatchAdmin';
