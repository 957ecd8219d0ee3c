/* pq_load.c: libpq, loaded the first time a function of it is called.
 *
 * libpq brings OpenSSL, GnuTLS, Kerberos and LDAP with it, and resolving their
 * symbols was nine tenths of every process start (12 million instructions of
 * `schemadiff dump empty`), database or not.  The functions the program calls
 * are defined here under libpq's own names and prototypes (libpq-fe.h checks
 * them); each makes sure libpq.so.5 is loaded (dlopen, once) and calls through.
 * A missing libpq is a clear error, exit 2, when a database is first used. */
#include <libpq-fe.h>

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SD_PQ_SONAME "libpq.so.5"

/* X(return type, name, parameters, arguments); V for the void ones */
#define SD_PQ_FUNCS(X, V)                                                                                     \
    X(PGconn *, PQconnectdb, (const char *conninfo), (conninfo))                                              \
    X(PGconn *, PQconnectdbParams, (const char *const *keywords, const char *const *values, int expand),      \
      (keywords, values, expand))                                                                             \
    X(ConnStatusType, PQstatus, (const PGconn *conn), (conn))                                                 \
    X(PGTransactionStatusType, PQtransactionStatus, (const PGconn *conn), (conn))                             \
    X(char *, PQerrorMessage, (const PGconn *conn), (conn))                                                   \
    X(int, PQserverVersion, (const PGconn *conn), (conn))                                                     \
    X(char *, PQpass, (const PGconn *conn), (conn))                                                           \
    X(PQnoticeReceiver, PQsetNoticeReceiver, (PGconn * conn, PQnoticeReceiver proc, void *arg),              \
      (conn, proc, arg))                                                                                      \
    X(PQnoticeProcessor, PQsetNoticeProcessor, (PGconn * conn, PQnoticeProcessor proc, void *arg),           \
      (conn, proc, arg))                                                                                      \
    X(PGresult *, PQexec, (PGconn * conn, const char *query), (conn, query))                                  \
    X(PGresult *, PQexecParams,                                                                               \
      (PGconn * conn, const char *command, int n, const Oid *types, const char *const *values,               \
       const int *lengths, const int *formats, int result_format),                                           \
      (conn, command, n, types, values, lengths, formats, result_format))                                    \
    X(int, PQsendQueryParams,                                                                                 \
      (PGconn * conn, const char *command, int n, const Oid *types, const char *const *values,               \
       const int *lengths, const int *formats, int result_format),                                           \
      (conn, command, n, types, values, lengths, formats, result_format))                                    \
    X(PGresult *, PQgetResult, (PGconn * conn), (conn))                                                       \
    X(int, PQenterPipelineMode, (PGconn * conn), (conn))                                                      \
    X(int, PQexitPipelineMode, (PGconn * conn), (conn))                                                       \
    X(int, PQpipelineSync, (PGconn * conn), (conn))                                                           \
    X(ExecStatusType, PQresultStatus, (const PGresult *res), (res))                                           \
    X(char *, PQresultErrorMessage, (const PGresult *res), (res))                                             \
    X(char *, PQresultErrorField, (const PGresult *res, int code), (res, code))                               \
    X(int, PQntuples, (const PGresult *res), (res))                                                           \
    X(int, PQnfields, (const PGresult *res), (res))                                                           \
    X(char *, PQfname, (const PGresult *res, int field), (res, field))                                        \
    X(char *, PQgetvalue, (const PGresult *res, int row, int field), (res, row, field))                       \
    X(int, PQgetlength, (const PGresult *res, int row, int field), (res, row, field))                         \
    X(int, PQgetisnull, (const PGresult *res, int row, int field), (res, row, field))                         \
    V(PQfinish, (PGconn * conn), (conn))                                                                      \
    V(PQclear, (PGresult * res), (res))

#define PQ_POINTER(ret, name, params, args) static ret(*p_##name) params;
#define PQ_POINTER_V(name, params, args) static void(*p_##name) params;
SD_PQ_FUNCS(PQ_POINTER, PQ_POINTER_V)

static pthread_once_t pq_once = PTHREAD_ONCE_INIT;
static char pq_error[256]; /* empty: loaded */

static void pq_open(void)
{
    void *h = dlopen(SD_PQ_SONAME, RTLD_NOW | RTLD_LOCAL);
    if (!h) {
        const char *e = dlerror();
        snprintf(pq_error, sizeof pq_error, "%s", e ? e : "dlopen failed");
        return;
    }
#define PQ_SYM(ret, name, params, args)                                                                       \
    do {                                                                                                      \
        void *s = dlsym(h, #name);                                                                            \
        if (!s) {                                                                                             \
            snprintf(pq_error, sizeof pq_error, "%s has no %s", SD_PQ_SONAME, #name);                         \
            return;                                                                                           \
        }                                                                                                     \
        memcpy(&p_##name, &s, sizeof s);                                                                      \
    } while (0);
#define PQ_SYM_V(name, params, args) PQ_SYM(void, name, params, args)
    SD_PQ_FUNCS(PQ_SYM, PQ_SYM_V)
}

static void pq_need(void)
{
    pthread_once(&pq_once, pq_open);
    if (pq_error[0]) {
        fprintf(stderr, "schemadiff: cannot load PostgreSQL's client library (%s, Debian package libpq5): %s\n",
                SD_PQ_SONAME, pq_error);
        exit(2);
    }
}

#define PQ_WRAP(ret, name, params, args)                                                                      \
    ret name params                                                                                           \
    {                                                                                                         \
        pq_need();                                                                                            \
        return p_##name args;                                                                                 \
    }
#define PQ_WRAP_V(name, params, args)                                                                         \
    void name params                                                                                          \
    {                                                                                                         \
        pq_need();                                                                                            \
        p_##name args;                                                                                        \
    }
SD_PQ_FUNCS(PQ_WRAP, PQ_WRAP_V)
