// The number of fields of a plain struct (an aggregate without base classes), counted at compile
// time: the largest N for which T{x1, ..., xN} compiles, each x convertible to any type. Tests that
// an encoding carries every field compare it with the encoded object's size (tests/io/test_checkpoint.cpp).
#pragma once

#include <cstddef>

namespace gwsim::test {

namespace detail {
struct AnyField {
  template <class T>
  operator T() const;  // NOLINT(google-explicit-constructor): only in unevaluated brace initialization
};
}  // namespace detail

template <class T, class... Fields>
consteval std::size_t field_count() {
  if constexpr (requires { T{Fields{}..., detail::AnyField{}}; }) return field_count<T, Fields..., detail::AnyField>();
  else return sizeof...(Fields);
}

}  // namespace gwsim::test
