// The reviewer dashboard's only script: turns on GOV.UK Frontend's components (no inline scripts:
// the Content-Security-Policy allows scripts from this origin only).
import { initAll } from './govuk/govuk-frontend.min.js'

document.body.classList.add('js-enabled', 'govuk-frontend-supported')
initAll()
