/* ops.c: the operation table built from ops.def. */
#include "diff.h"

static const SdOpInfo OP_INFO[] = {
#define SD_OP(kind, name, obj, phase, risks, lock) {name, SD_OBJ_##obj, SD_PHASE_##phase, risks, SD_LOCK_##lock},
#include "ops.def"
#undef SD_OP
};
_Static_assert(SD_ARRAY_LEN(OP_INFO) == SD_OP__COUNT, "ops.def and SdOpKind disagree");

const SdOpInfo *sd_op_info(SdOpKind k)
{
    if ((unsigned)k >= SD_OP__COUNT)
        sd_unreachable("op kind");
    return &OP_INFO[k];
}

static const char *const LOCK_NAMES[] = {
    [SD_LOCK_NONE] = "NONE",
    [SD_LOCK_ACCESS_SHARE] = "ACCESS SHARE",
    [SD_LOCK_ROW_SHARE] = "ROW SHARE",
    [SD_LOCK_ROW_EXCLUSIVE] = "ROW EXCLUSIVE",
    [SD_LOCK_SHARE_UPDATE_EXCLUSIVE] = "SHARE UPDATE EXCLUSIVE",
    [SD_LOCK_SHARE] = "SHARE",
    [SD_LOCK_SHARE_ROW_EXCLUSIVE] = "SHARE ROW EXCLUSIVE",
    [SD_LOCK_EXCLUSIVE] = "EXCLUSIVE",
    [SD_LOCK_ACCESS_EXCLUSIVE] = "ACCESS EXCLUSIVE",
};
_Static_assert(SD_ARRAY_LEN(LOCK_NAMES) == SD_LOCK_ACCESS_EXCLUSIVE + 1, "LOCK_NAMES and SdLock disagree");

const char *sd_lock_name(SdLock l)
{
    if ((unsigned)l > SD_LOCK_ACCESS_EXCLUSIVE)
        sd_unreachable("lock");
    return LOCK_NAMES[l];
}
