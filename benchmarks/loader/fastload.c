/* A measurement, not part of orglint: libyaml driven from C, building the same shape of
 * Python values orglint's reader builds (dicts, lists, scalars resolved the YAML 1.2 core
 * way for the common cases) and a position table of packed (line << 32 | column) values,
 * three per mapping key and two per list item, as orglint's read/parse.py does. Aliases,
 * tags, limits and error wording are left out: this bounds from below what a compiled
 * reader could cost. Built by benchmarks/loader.py with the system's libyaml headers. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <yaml.h>
#include <stdint.h>
#include <string.h>

typedef struct { uint64_t *data; size_t len, cap; } table_t;

static int push(table_t *t, uint64_t v) {
    if (t->len == t->cap) {
        size_t cap = t->cap ? t->cap * 2 : 4096;
        uint64_t *d = realloc(t->data, cap * sizeof(uint64_t));
        if (!d) return -1;
        t->data = d; t->cap = cap;
    }
    t->data[t->len++] = v;
    return 0;
}

static uint64_t pack(yaml_mark_t m) { return ((uint64_t)(m.line + 1) << 32) | (m.column + 1); }

static PyObject *scalar(yaml_event_t *ev) {
    const char *s = (const char *)ev->data.scalar.value;
    size_t n = ev->data.scalar.length;
    if (ev->data.scalar.plain_implicit && ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE) {
        if (n == 0 || (n == 4 && !memcmp(s, "null", 4)) || (n == 1 && s[0] == '~')) Py_RETURN_NONE;
        if (n == 4 && !memcmp(s, "true", 4)) Py_RETURN_TRUE;
        if (n == 5 && !memcmp(s, "false", 5)) Py_RETURN_FALSE;
        if ((s[0] >= '0' && s[0] <= '9') || s[0] == '-' || s[0] == '+') {
            char *end;
            long long v = strtoll(s, &end, 10);
            if (end == s + n) return PyLong_FromLongLong(v);
        }
    }
    return PyUnicode_DecodeUTF8(s, (Py_ssize_t)n, "strict");
}

typedef struct { PyObject *node; PyObject *key; int is_map; } frame_t;

/* parse_only(data) -> number of events: libyaml alone, no Python object per event */
static PyObject *parse_only(PyObject *self, PyObject *arg) {
    Py_buffer buf;
    if (PyObject_GetBuffer(arg, &buf, PyBUF_SIMPLE) < 0) return NULL;
    yaml_parser_t parser; yaml_event_t ev; long count = 0; int done = 0;
    yaml_parser_initialize(&parser);
    yaml_parser_set_input_string(&parser, buf.buf, (size_t)buf.len);
    while (!done) {
        if (!yaml_parser_parse(&parser, &ev)) { done = -1; break; }
        done = ev.type == YAML_STREAM_END_EVENT;
        yaml_event_delete(&ev);
        count++;
    }
    yaml_parser_delete(&parser);
    PyBuffer_Release(&buf);
    if (done < 0) { PyErr_SetString(PyExc_ValueError, "invalid YAML"); return NULL; }
    return PyLong_FromLong(count);
}

/* load(data) -> (root, positions as bytes of uint64) */
static PyObject *load(PyObject *self, PyObject *arg) {
    Py_buffer buf;
    if (PyObject_GetBuffer(arg, &buf, PyBUF_SIMPLE) < 0) return NULL;
    yaml_parser_t parser; yaml_event_t ev;
    table_t table = {0};
    frame_t stack[256]; int depth = 0;
    PyObject *root = NULL, *result = NULL;
    int done = 0, failed = 0;
    yaml_parser_initialize(&parser);
    yaml_parser_set_input_string(&parser, buf.buf, (size_t)buf.len);
    while (!done && !failed) {
        if (!yaml_parser_parse(&parser, &ev)) { PyErr_SetString(PyExc_ValueError, "invalid YAML"); failed = 1; break; }
        PyObject *value = NULL;
        switch (ev.type) {
        case YAML_STREAM_END_EVENT: done = 1; break;
        case YAML_SCALAR_EVENT: value = scalar(&ev); if (!value) failed = 1; break;
        case YAML_MAPPING_START_EVENT:
        case YAML_SEQUENCE_START_EVENT: {
            int is_map = ev.type == YAML_MAPPING_START_EVENT;
            PyObject *node = is_map ? PyDict_New() : PyList_New(0);
            if (!node || depth >= 256) { Py_XDECREF(node); failed = 1; PyErr_SetString(PyExc_ValueError, "too deep"); break; }
            push(&table, pack(ev.start_mark));
            stack[depth].node = node; stack[depth].key = NULL; stack[depth].is_map = is_map; depth++;
            break;
        }
        case YAML_MAPPING_END_EVENT:
        case YAML_SEQUENCE_END_EVENT:
            push(&table, pack(ev.end_mark));
            value = stack[--depth].node;
            break;
        default: break;
        }
        if (value && !failed) {
            if (depth == 0) { root = value; }
            else {
                frame_t *top = &stack[depth - 1];
                if (top->is_map) {
                    if (top->key == NULL) {
                        if (PyUnicode_Check(value)) PyUnicode_InternInPlace(&value);
                        top->key = value;
                        push(&table, pack(ev.start_mark));
                        value = NULL;
                    } else {
                        push(&table, pack(ev.start_mark));
                        PyDict_SetItem(top->node, top->key, value);
                        Py_DECREF(top->key); top->key = NULL;
                        Py_DECREF(value); value = NULL;
                    }
                } else {
                    push(&table, pack(ev.start_mark));
                    PyList_Append(top->node, value);
                    Py_DECREF(value); value = NULL;
                }
            }
        }
        yaml_event_delete(&ev);
    }
    yaml_parser_delete(&parser);
    PyBuffer_Release(&buf);
    if (!failed) {
        PyObject *positions = PyBytes_FromStringAndSize((const char *)table.data, (Py_ssize_t)(table.len * sizeof(uint64_t)));
        result = Py_BuildValue("(NN)", root ? root : (Py_INCREF(Py_None), Py_None), positions);
    } else {
        Py_XDECREF(root);
        while (depth > 0) { depth--; Py_XDECREF(stack[depth].key); Py_DECREF(stack[depth].node); }
    }
    free(table.data);
    return result;
}

static PyMethodDef methods[] = {
    {"load", load, METH_O, "dicts, lists and a position table from YAML bytes"},
    {"parse_only", parse_only, METH_O, "libyaml's events, counted, with no Python objects"},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "fastload", NULL, -1, methods};

PyMODINIT_FUNC PyInit_fastload(void) { return PyModule_Create(&module); }
