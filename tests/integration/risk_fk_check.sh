#!/usr/bin/env bash
# risk_fk_check: foreign keys over orphan rows, CHECKs over violating rows and casts to an
# enum the plan creates, measured with exact counts (tests/integration/risk/fk_check/).
source "$SD_SRC/tests/integration/risk/lib.sh"
check_case fk_check
